import DOMPurify from 'dompurify';
import { Marked } from 'marked';

export interface MarkdownOptions {
  /** Resolves relative links (a README's `LICENSE`, `docs/x.md`): the repo's blob URL ending in `/`. */
  linkBase?: string;
}

// Event-handler attributes are taken out of raw HTML before DOMPurify parses it: Chromium reports
// "inline event handler violates the CSP" for them even in an inert parsing document. DOMPurify
// (and the CSP) stay what makes the HTML safe; this only keeps the console quiet.
const HANDLER_ATTRIBUTE = /\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const marked = new Marked({ gfm: true, breaks: false, renderer: { html: ({ text }) => text.replace(HANDLER_ATTRIBUTE, '') } });
const purify = DOMPurify(window);

// One hook set for every render; the options of the render in progress are read from here.
let current: MarkdownOptions = {};

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    const absolute = resolveLink(href, current.linkBase);
    if (absolute) {
      node.setAttribute('href', absolute);
      // Never navigate the app itself away: links open beside it.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('href');
    }
  }
  if (node.tagName === 'INPUT') {
    // GFM task lists (PORTING.md's checklist) are the only inputs kept, and they are inert.
    if (node.getAttribute('type') !== 'checkbox') node.remove();
    else node.setAttribute('disabled', '');
    return;
  }
  if (node.tagName === 'IMG') {
    // The app's CSP loads images from itself and data: only; an image from elsewhere becomes a link to it.
    const src = node.getAttribute('src') ?? '';
    if (/^data:image\/(png|jpeg|gif|webp);/i.test(src)) return;
    const link = node.ownerDocument.createElement('a');
    const absolute = resolveLink(src, current.linkBase);
    if (absolute) {
      link.setAttribute('href', absolute);
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener noreferrer');
    }
    link.className = 'md-image-link';
    link.textContent = `[image${node.getAttribute('alt') ? `: ${node.getAttribute('alt')}` : ''}]`;
    node.replaceWith(link);
  }
});

function resolveLink(href: string, base: string | undefined): string | null {
  if (!href || href.startsWith('#')) return null;
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Markdown (GFM) as sanitized HTML: no script, no event handler, no style, links opening outside the app. */
export function renderMarkdown(text: string, options: MarkdownOptions = {}): string {
  const html = marked.parse(text, { async: false });
  current = options;
  try {
    return purify.sanitize(html, { FORBID_TAGS: ['style', 'form', 'button', 'textarea', 'select', 'iframe'], FORBID_ATTR: ['style'] });
  } finally {
    current = {};
  }
}
