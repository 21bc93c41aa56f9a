import { useMemo } from 'react';
import { renderMarkdown, type MarkdownOptions } from './renderMarkdown';
import './markdown.css';

/** Rendered Markdown (PORTING.md, a model's README), sanitized by renderMarkdown. */
export function Markdown({ text, options, className = '', testId }: { text: string; options?: MarkdownOptions; className?: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(text, options), [text, options?.linkBase]);
  // The HTML comes from renderMarkdown, which sanitizes it with DOMPurify.
  return <div className={`markdown ${className}`} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
