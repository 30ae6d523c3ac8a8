"""Image bytes a phone downloads per page: Chromium (Playwright, Debian's /usr/bin/chromium) at
390x844 CSS px and DPR 3 opens each path, scrolls to the end (lazy pictures load) and sums the
bodies of the image responses.

    python -m devtools.page_weight http://127.0.0.1:5000 / /articles/ /articles/<slug>/ ...
"""

import os
import sys

from playwright.sync_api import sync_playwright

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


def image_weights(browser, url: str) -> list[tuple[str, int]]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    images = []
    page.on("response", lambda r: images.append(r) if r.request.resource_type == "image" else None)
    page.goto(url, wait_until="networkidle")
    page.evaluate(
        "async () => { for (let y = 0; y < document.body.scrollHeight; y += 400) {"
        " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); } }"
    )
    page.wait_for_load_state("networkidle")
    weights = [(response.url, len(response.body())) for response in images if response.ok]
    context.close()
    return weights


def main(site: str, paths: list[str]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=["--no-sandbox"]
        )
        print("| page | images | bytes | largest |")
        print("|---|---:|---:|---|")
        for path in paths:
            weights = image_weights(browser, site + path)
            largest = max(weights, key=lambda item: item[1], default=("-", 0))
            total = sum(size for _, size in weights)
            print(f"| `{path}` | {len(weights)} | {total:,} | {largest[1]:,} B {largest[0].rsplit('/', 1)[-1]} |")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2:])
