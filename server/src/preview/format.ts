// Prints previews: as text for a terminal (findings marked), or as one standalone HTML page for a folder.
import { relative } from 'node:path';
import type { Finding } from '../engine/types.ts';
import type { PreviewMessage } from './render.ts';
import { docsUrl, ruleById } from '../rules/registry.ts';

export interface FilePreview {
  filePath: string;
  findings: Finding[];
  messages: PreviewMessage[];
}

function summary(message: PreviewMessage): string {
  const parts = [];
  if (message.counts.error) parts.push(`${message.counts.error} error${message.counts.error > 1 ? 's' : ''}`);
  if (message.counts.warning) parts.push(`${message.counts.warning} warning${message.counts.warning > 1 ? 's' : ''}`);
  if (message.counts.information) parts.push(`${message.counts.information} info`);
  if (!parts.length) parts.push('no findings');
  if (message.state !== 'resolved') parts.push(message.hasNextUpdate ? 'gives a next step' : 'no next update');
  return parts.join(' · ');
}

/** Text with findings marked as ⟦phrase⟧¹ and footnotes listing the rules, or underlined on a terminal. */
export function previewText(previews: FilePreview[], options: { cwd: string; color: boolean }): string {
  const out: string[] = [];
  for (const preview of previews) {
    out.push(`${relative(options.cwd, preview.filePath) || preview.filePath}`);
    for (const message of preview.messages) {
      out.push(`── ${message.label} ── ${summary(message)}`);
      if (message.error) {
        out.push(`   (cannot render: ${message.error})`, '');
        continue;
      }
      const notes: string[] = [];
      const points = new Map<number, string[]>();
      const add = (at: number, text: string) => points.set(at, [...(points.get(at) ?? []), text]);
      message.highlights.forEach((h, i) => {
        const finding = preview.findings[h.finding]!;
        const n = i + 1;
        add(h.start, options.color ? (finding.severity === 'error' ? '\u001b[4;31m' : '\u001b[4;33m') : '⟦');
        add(h.end, options.color ? `\u001b[0m${superscript(n)}` : `⟧${superscript(n)}`);
        notes.push(`   ${superscript(n)} ${finding.ruleId}: ${finding.message}`);
      });
      let text = '';
      for (let i = 0; i <= message.text.length; i++) {
        const marks = points.get(i);
        if (marks) text += marks.filter((m) => !m.startsWith('⟦') && !m.startsWith('\u001b[4')).join('') + marks.filter((m) => m.startsWith('⟦') || m.startsWith('\u001b[4')).join('');
        if (i < message.text.length) text += message.text[i];
      }
      out.push(...text.split('\n').map((line) => `   ${line}`), ...notes, '');
    }
  }
  return out.join('\n') + '\n';
}

function superscript(n: number): string {
  return String(n).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** One standalone page (no external assets, no scripts) with every message of every file. */
export function previewHtml(previews: FilePreview[], options: { cwd: string; title?: string }): string {
  const sections = previews.map((preview) => {
    const name = escapeHtml(relative(options.cwd, preview.filePath) || preview.filePath);
    const messages = preview.messages.map((message) => {
      let html = '';
      let at = 0;
      const events = [...message.highlights].sort((a, b) => a.start - b.start);
      for (const h of events) {
        if (h.start < at) continue;
        const finding = preview.findings[h.finding]!;
        const rule = ruleById.get(finding.ruleId);
        html += escapeHtml(message.text.slice(at, h.start));
        html += `<mark class="${finding.severity}" title="${escapeHtml(`${finding.ruleId}: ${finding.message}${rule ? `\n\n${rule.why}` : ''}`)}">${escapeHtml(message.text.slice(h.start, h.end))}</mark>`;
        at = h.end;
      }
      html += escapeHtml(message.text.slice(at));
      const list = [...new Set(message.highlights.map((h) => h.finding))]
        .map((i) => preview.findings[i]!)
        .map((f) => `<li class="${f.severity}"><a href="${escapeHtml(docsUrl(ruleById.get(f.ruleId) ?? { id: f.ruleId }))}">${escapeHtml(f.ruleId)}</a> ${escapeHtml(f.message)}</li>`)
        .join('');
      return `<article><h3>${escapeHtml(message.label)} <small>${escapeHtml(summary(message))}</small></h3>${message.error ? `<p class="error">Cannot render: ${escapeHtml(message.error)}</p>` : `<pre>${html}</pre>`}${list ? `<ul>${list}</ul>` : ''}</article>`;
    });
    return `<section><h2>${name}</h2>${messages.join('')}</section>`;
  });
  const total = previews.reduce((n, p) => n + p.messages.length, 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(options.title ?? 'Candor message preview')}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1d1d1f;padding:0 1rem}
h2{font-size:1.1rem;border-bottom:1px solid #ddd;padding-bottom:.3rem;margin-top:2.5rem}
h3{font-size:.95rem;margin:.8rem 0 .3rem}h3 small{font-weight:normal;color:#666;margin-left:.5rem}
article{border:1px solid #e3e3e3;border-radius:6px;padding:.5rem 1rem;margin:.8rem 0;background:#fcfcfc}
pre{white-space:pre-wrap;font:inherit;margin:.3rem 0}
mark{background:#fff3c4;border-bottom:2px solid #e0a800}mark.error{background:#ffe0e0;border-color:#d33}mark.information{background:#e6f0ff;border-color:#4a7bd0}
ul{font-size:.85rem;color:#444;padding-left:1.2rem}li.error a{color:#b00}a{color:#2457a6}
.error{color:#b00}
</style></head>
<body><h1>${escapeHtml(options.title ?? 'Candor message preview')}</h1>
<p>${previews.length} template${previews.length === 1 ? '' : 's'}, ${total} message${total === 1 ? '' : 's'}. Each message is one way a template can render; highlighted phrases have findings (hover for why).</p>
${sections.join('\n')}
</body></html>
`;
}
