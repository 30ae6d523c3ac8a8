"""The contract the CMS and the public site both speak."""
