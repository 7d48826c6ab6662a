"""A small writer of web pages as a browser saves them, for the samples read as ``.html``.

A saved page holds much more than its content: a ``<head>`` with metadata, a style sheet
and scripts; a skip link, a cookie banner, the site's header with its menu and search;
breadcrumbs; then the content in ``<main>``, followed by share links, related pages and a
"was this page useful?" form; and a footer of links. ``page`` writes all of them around
the content, so that reading a sample's page has to find the content among them.

The content is built from markup strings: ``text`` escapes plain text, ``heading``,
``para``, ``bullets``, ``definitions`` and ``panel`` wrap it in elements. Output is
deterministic (no dates or random ids), so a rebuilt page is byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

Link = tuple[str, str]  # (label, path on the site)


@dataclass(frozen=True)
class Site:
    """The site a page sits on: its name, address, menu, footer links and colour."""

    name: str
    home: str  # "https://www.example.gov.uk", no trailing slash
    menu: tuple[Link, ...]
    footer: tuple[Link, ...]
    colour: str = "#1d3557"
    copyright: str = ""


def text(plain: str) -> str:
    """Plain text as HTML (``&``, ``<`` and ``>`` escaped)."""
    return escape(plain, quote=False)


def strong(plain: str) -> str:
    return f"<strong>{text(plain)}</strong>"


def heading(level: int, content: str, *, ident: str | None = None) -> str:
    """A heading ``<hN>`` holding markup ``content``."""
    at = f' id="{escape(ident)}"' if ident else ""
    return f'<h{level}{at} class="heading-{level}">{content}</h{level}>'


def para(content: str, *, cls: str | None = None) -> str:
    """A paragraph holding markup ``content``."""
    at = f' class="{escape(cls)}"' if cls else ""
    return f"<p{at}>{content}</p>"


def bullets(entries: Iterable[str], *, ordered: bool = False, cls: str = "list") -> str:
    """A list of markup entries (``<ul>``, or ``<ol>`` when ``ordered``)."""
    tag = "ol" if ordered else "ul"
    kind = "number" if ordered else "bullet"
    items = "\n".join(f"  <li>{entry}</li>" for entry in entries)
    return f'<{tag} class="{cls} {cls}--{kind}">\n{items}\n</{tag}>'


def definitions(pairs: Iterable[tuple[str, str]], *, cls: str = "summary-list") -> str:
    """A definition list of (term, definition) markup pairs, each pair in its own row."""
    rows = "\n".join(f'  <div class="{cls}__row"><dt>{term}</dt>\n    <dd>{value}</dd></div>'
                     for term, value in pairs)
    return f'<dl class="{cls}">\n{rows}\n</dl>'


def panel(content: str, *, cls: str = "panel") -> str:
    return f'<div class="{cls}">\n{content}\n</div>'


def _links(links: Iterable[Link], site: Site, cls: str) -> str:
    return "\n".join(f'      <li class="{cls}__item"><a class="{cls}__link" '
                     f'href="{site.home}{path}">{text(label)}</a></li>' for label, path in links)


_STYLE = """
    *, *::before, *::after { box-sizing: border-box; }
    body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 1.1875rem;
           line-height: 1.5; color: #0b0c0c; background: #ffffff; }
    a { color: var(--brand); } a:focus { outline: 3px solid #ffdd00; }
    .skip-link { position: absolute; left: -9999px; } .skip-link:focus { left: 0; }
    .cookie-banner { background: #f3f2f1; padding: 20px 0; border-bottom: 2px solid #b1b4b6; }
    .site-header { background: var(--brand); color: #ffffff; padding: 10px 0; }
    .site-header a { color: #ffffff; text-decoration: none; }
    .main-menu__list { display: flex; gap: 24px; list-style: none; padding: 0; }
    .width-container { max-width: 960px; margin: 0 15px; }
    .breadcrumbs__list { list-style: none; padding: 0; font-size: 0.875rem; }
    .breadcrumbs__item { display: inline-block; }
    .breadcrumbs__item + .breadcrumbs__item::before { content: "\\203A"; margin: 0 8px; }
    .heading-1 { font-size: 2.5rem; margin: 30px 0 20px; color: var(--brand); }
    .heading-2 { font-size: 1.5rem; margin: 30px 0 15px; }
    .heading-3 { font-size: 1.1875rem; margin: 20px 0 10px; }
    .summary-list__row { display: flex; } .summary-list dt { font-weight: 700; width: 30%; }
    .summary-list dt::after { content: ":"; }
    .meta { color: #505a5f; font-size: 1rem; }
    .share-links, .related-content, .feedback { border-top: 1px solid #b1b4b6;
           margin-top: 40px; padding-top: 20px; }
    .site-footer { background: #f3f2f1; border-top: 1px solid #b1b4b6; margin-top: 60px;
           padding: 25px 0; font-size: 0.875rem; }
    .visually-hidden { position: absolute !important; width: 1px; height: 1px;
           overflow: hidden; clip: rect(0 0 0 0); }
    @media print { .site-header, .cookie-banner, .site-footer, .feedback { display: none; } }
"""


def page(site: Site, *, title: str, path: str, crumbs: Sequence[Link], content: str,
         description: str, related: Sequence[Link] = ()) -> str:
    """A whole saved page: ``content`` (markup) in ``<main>`` among the site around it."""
    url = f"{site.home}{path}"
    crumb_items = "\n".join(
        f'      <li class="breadcrumbs__item"><a href="{site.home}{p}">{text(label)}</a></li>'
        for label, p in crumbs)
    related_items = _links(related, site, "related-content")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB" class="no-js">',
        "<head>",
        '  <meta charset="utf-8">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1">',
        f"  <title>{text(title)} | {text(site.name)}</title>",
        f'  <meta name="description" content="{escape(description)}">',
        f'  <meta property="og:title" content="{escape(title)}">',
        f'  <meta property="og:site_name" content="{escape(site.name)}">',
        f'  <meta property="og:url" content="{escape(url)}">',
        f'  <link rel="canonical" href="{escape(url)}">',
        f'  <link rel="icon" href="{site.home}/favicon.ico" sizes="48x48">',
        f"  <style>\n    :root {{ --brand: {site.colour}; }}{_STYLE}  </style>",
        "  <script>document.documentElement.className = 'js-enabled';"
        " window.dataLayer = window.dataLayer || [];"
        " window.dataLayer.push({'event': 'page_view', 'section': 'publications'});</script>",
        '  <script type="application/ld+json">{"@context": "https://schema.org", '
        f'"@type": "WebPage", "name": "{escape(title)}", "url": "{escape(url)}"}}</script>',
        "</head>",
        '<body class="template-body">',
        '<a href="#main-content" class="skip-link">Skip to main content</a>',
        f'<div class="cookie-banner" role="region" aria-label="Cookies on {escape(site.name)}">',
        '  <div class="width-container">',
        f"    <h2>Cookies on {text(site.name)}</h2>",
        "    <p>We use some essential cookies to make this website work. We would also like to "
        "set analytics cookies to understand how you use the site, so that we can improve "
        "it.</p>",
        '    <button type="button" class="button" data-accept-cookies="true">Accept analytics '
        "cookies</button>",
        '    <button type="button" class="button" data-reject-cookies="true">Reject analytics '
        "cookies</button>",
        f'    <a href="{site.home}/cookies">View cookies</a>',
        "  </div>",
        "</div>",
        '<header class="site-header" role="banner">',
        '  <div class="width-container">',
        f'    <a href="{site.home}/" class="site-header__logo">'
        '<svg aria-hidden="true" focusable="false" width="36" height="36" viewBox="0 0 36 36">'
        "<title>Logo</title><circle cx=\"18\" cy=\"18\" r=\"16\"/></svg>"
        f'<span class="site-header__name">{text(site.name)}</span></a>',
        '    <button type="button" class="menu-button" aria-controls="main-menu" '
        'aria-expanded="false">Menu</button>',
        '    <nav id="main-menu" class="main-menu" aria-label="Main menu">',
        '      <ul class="main-menu__list">',
        _links(site.menu, site, "main-menu"),
        "      </ul>",
        "    </nav>",
        f'    <form class="site-search" action="{site.home}/search" method="get" role="search">',
        '      <label for="search-box" class="visually-hidden">Search this site</label>',
        '      <input type="search" id="search-box" name="q">',
        '      <button type="submit">Search</button>',
        "    </form>",
        "  </div>",
        "</header>",
        '<div class="width-container">',
        '  <nav class="breadcrumbs" aria-label="Breadcrumb">',
        '    <ol class="breadcrumbs__list">',
        crumb_items,
        "    </ol>",
        "  </nav>",
        '  <main class="main-wrapper" id="main-content" role="main">',
        content,
        '    <div class="share-links">',
        "      <h2>Share this page</h2>",
        f'      <a href="mailto:?subject={quote(title)}&amp;body={quote(url)}">Email</a>',
        f'      <a href="https://www.linkedin.com/sharing/share-offsite/?url={quote(url)}">'
        "LinkedIn</a>",
        "      <button type=\"button\" onclick=\"window.print()\">Print this page</button>",
        "    </div>",
    ]
    if related:
        parts += ['    <aside class="related-content" aria-labelledby="related-title">',
                  '      <h2 id="related-title">Related content</h2>', "      <ul>",
                  related_items, "      </ul>", "    </aside>"]
    parts += [
        '    <div class="feedback">',
        '      <form action="/feedback" method="post">',
        "        <h2>Is this page useful?</h2>",
        '        <button type="submit" name="useful" value="yes">Yes</button>',
        '        <button type="submit" name="useful" value="no">No</button>',
        "        <a href=\"/report-a-problem\">Report a problem with this page</a>",
        "      </form>",
        "    </div>",
        "  </main>",
        "</div>",
        '<footer class="site-footer" role="contentinfo">',
        '  <div class="width-container">',
        '    <h2 class="visually-hidden">Support links</h2>',
        '    <ul class="footer__list">',
        _links(site.footer, site, "footer"),
        "    </ul>",
        f"    <p>{text(site.copyright)}</p>" if site.copyright else "",
        '    <a href="#main-content" class="back-to-top">Back to top</a>',
        "  </div>",
        "</footer>",
        f'<script src="{site.home}/assets/js/site.min.js" defer></script>',
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def write_page(path: Path, html: str) -> Path:
    """Write a page as a browser saves it (UTF-8, as its ``<meta charset>`` says)."""
    path.write_bytes(html.encode("utf-8"))
    return path
