// /docs: the OpenAPI document rendered as one self-contained HTML page (no scripts, no CDN).
type Json = Record<string, any>;

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function schemaText(schema: Json | undefined): string {
  return schema ? esc(JSON.stringify(schema, null, 2)) : '';
}

export function docsPage(doc: Json): string {
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(methods as Record<string, Json>)) {
      const anchor = esc(op.operationId);
      toc.push(`<li><a href="#${anchor}"><span class="m ${method}">${method.toUpperCase()}</span> ${esc(path)}</a></li>`);
      const params = (op.parameters as Json[]).map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td><code>${esc(JSON.stringify(p.schema))}</code> ${esc(p.description)}</td></tr>`).join('');
      const body = op.requestBody ? `<h4>Request body</h4><pre>${schemaText(op.requestBody.content['application/json'].schema)}</pre>` : '';
      const responses = Object.entries(op.responses as Record<string, Json>).map(([status, r]) => {
        const content = r.content ? Object.entries(r.content as Record<string, Json>)[0] : undefined;
        return `<tr><td>${esc(status)}</td><td>${esc(r.description)}</td><td>${content ? `<code>${esc(content[0])}</code> ${content[1].schema ? `<code>${esc(JSON.stringify(content[1].schema))}</code>` : ''}` : ''}</td></tr>`;
      }).join('');
      ops.push(`<section id="${anchor}"><h3><span class="m ${method}">${method.toUpperCase()}</span> ${esc(path)}</h3>
<p>${esc(op.summary)}${op['x-accrue-role'] ? ` <em>(role: ${esc(op['x-accrue-role'])})</em>` : ''}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${params}</table>` : ''}${body}
<h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses}</table></section>`);
    }
  }
  const schemas = Object.entries(doc.components.schemas as Record<string, Json>).map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><pre>${schemaText(s)}</pre></section>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)} — API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex}nav{width:340px;height:100vh;overflow:auto;position:sticky;top:0;background:#f6f7f9;padding:1em;box-sizing:border-box}main{flex:1;padding:1em 2em;max-width:1000px}
ul{list-style:none;padding:0}li{margin:.2em 0}a{color:#1d4ed8;text-decoration:none}pre{background:#f3f4f6;padding:.8em;overflow:auto;font-size:13px}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
.m{font:bold 12px monospace;padding:.1em .4em;border-radius:3px;color:#fff}.get{background:#059669}.post{background:#2563eb}section{border-bottom:1px solid #eee;padding-bottom:1em}</style></head>
<body><nav><h2>${esc(doc.info.title)}</h2><p><a href="/openapi.json">openapi.json</a></p><ul>${toc.join('')}</ul><p><a href="#schemas">Schemas</a></p></nav>
<main><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>${ops.join('')}<h2 id="schemas">Schemas</h2>${schemas}</main></body></html>`;
}
