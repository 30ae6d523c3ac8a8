"""What the templates need: the page head, structured data, public URLs, paging and template filters."""
