// Looks up variables in the configured sample data or JSON Schema, for hovers and completion.
import type { DataDescription } from '../config/types.ts';

function parts(path: string): string[] {
  return path.replace(/^@root\./, '').replace(/^this\./, '').split(/[./]/).filter(Boolean);
}

/** The sample value (or schema node) at a variable path, or undefined when the data does not have it. */
export function lookupData(data: DataDescription, path: string): unknown {
  let node: unknown = data.value;
  for (const part of parts(path)) {
    if (!node || typeof node !== 'object') return undefined;
    if (data.kind === 'schema') {
      const schema = node as { properties?: Record<string, unknown>; items?: unknown; additionalProperties?: unknown };
      if (schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, part)) node = schema.properties[part];
      else if (/^\d+$/.test(part) && schema.items) node = schema.items;
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') node = schema.additionalProperties;
      else return undefined;
    } else if (Array.isArray(node)) node = /^\d+$/.test(part) ? node[Number(part)] : part === 'length' ? node.length : undefined;
    else node = Object.prototype.hasOwnProperty.call(node, part) ? (node as Record<string, unknown>)[part] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** One line saying what a variable holds: the schema's description and type, or the sample value. */
export function describeVariable(data: DataDescription, path: string): string | undefined {
  const node = lookupData(data, path);
  if (node === undefined) return undefined;
  if (data.kind === 'schema') {
    const schema = node as { description?: unknown; type?: unknown; examples?: unknown };
    const bits: string[] = [];
    if (typeof schema.description === 'string') bits.push(schema.description);
    if (schema.type !== undefined) bits.push(`Type: \`${Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type)}\``);
    if (Array.isArray(schema.examples) && schema.examples.length) bits.push(`Example: \`${JSON.stringify(schema.examples[0])}\``);
    return bits.join('\n\n') || 'Described in the configured schema.';
  }
  const json = JSON.stringify(node, null, 2) ?? String(node);
  return json.length > 600 ? `${json.slice(0, 600)}…` : json;
}
