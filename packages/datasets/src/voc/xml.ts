/**
 * A minimal XML reader for annotation files: elements, attributes, text, comments, CDATA, processing
 * instructions and a DOCTYPE without an internal subset. No namespaces, no DTD entities. Enough for VOC
 * annotations without pulling in a dependency; anything it cannot read is an XmlSyntaxError with a line.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Concatenated text directly inside this element (not its children's), entities decoded. */
  text: string;
  /** 1-based line of the start tag. */
  readonly line: number;
}

export class XmlSyntaxError extends Error {
  override readonly name = "XmlSyntaxError";
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`${reason} at line ${line}`);
  }
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)')/y;
const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let pos = 0;
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  const newlines: number[] = [];
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) newlines.push(i);
  const lineAt = (index: number): number => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (newlines[mid] < index) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
  const fail = (reason: string, index = pos): never => {
    throw new XmlSyntaxError(reason, lineAt(index));
  };
  const decode = (raw: string, at: number): string =>
    raw.replace(/&([^;\s&]*);?/g, (match, entity: string) => {
      if (!match.endsWith(";")) fail(`unterminated entity "&${entity}"`, at);
      if (entity.startsWith("#x") || entity.startsWith("#X")) {
        const code = Number.parseInt(entity.slice(2), 16);
        if (!/^[0-9a-fA-F]+$/.test(entity.slice(2)) || code > 0x10ffff) fail(`bad character reference "&${entity};"`, at);
        return String.fromCodePoint(code);
      }
      if (entity.startsWith("#")) {
        const code = Number(entity.slice(1));
        if (!/^[0-9]+$/.test(entity.slice(1)) || code > 0x10ffff) fail(`bad character reference "&${entity};"`, at);
        return String.fromCodePoint(code);
      }
      const named = NAMED_ENTITIES[entity];
      if (named === undefined) fail(`unknown entity "&${entity};"`, at);
      return named;
    });
  const skipPast = (terminator: string, what: string): void => {
    const end = source.indexOf(terminator, pos);
    if (end < 0) fail(`unterminated ${what}`);
    pos = end + terminator.length;
  };

  if (source.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < source.length) {
    const lt = source.indexOf("<", pos);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > pos) {
      const text = source.slice(pos, textEnd);
      const parent = stack[stack.length - 1];
      if (parent) parent.text += decode(text, pos);
      else if (text.trim() !== "") fail("text outside the root element");
      pos = textEnd;
      continue;
    }
    if (source.startsWith("<!--", pos)) skipPast("-->", "comment");
    else if (source.startsWith("<![CDATA[", pos)) {
      const parent = stack[stack.length - 1];
      if (!parent) fail("CDATA outside the root element");
      const end = source.indexOf("]]>", pos);
      if (end < 0) fail("unterminated CDATA section");
      parent!.text += source.slice(pos + 9, end);
      pos = end + 3;
    } else if (source.startsWith("<?", pos)) skipPast("?>", "processing instruction");
    else if (source.startsWith("<!DOCTYPE", pos)) {
      if (root || stack.length) fail("DOCTYPE after the root element");
      skipPast(">", "DOCTYPE");
    } else if (source.startsWith("</", pos)) {
      NAME.lastIndex = pos + 2;
      const name = NAME.exec(source)?.[0] ?? fail("malformed end tag");
      const open = stack.pop();
      if (!open) fail(`end tag </${name}> without a start tag`);
      if (open!.name !== name) fail(`end tag </${name}> does not close <${open!.name}> (line ${open!.line})`);
      pos = NAME.lastIndex;
      while (/\s/.test(source[pos] ?? "")) pos++;
      if (source[pos] !== ">") fail(`malformed end tag </${name}>`);
      pos++;
    } else {
      const start = pos;
      NAME.lastIndex = pos + 1;
      const name = NAME.exec(source)?.[0] ?? fail("malformed start tag");
      pos = NAME.lastIndex;
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTRIBUTE.lastIndex = pos;
        const attribute = ATTRIBUTE.exec(source);
        if (!attribute) break;
        attributes[attribute[1]] = decode(attribute[3] ?? attribute[4], pos);
        pos = ATTRIBUTE.lastIndex;
      }
      while (/\s/.test(source[pos] ?? "")) pos++;
      const selfClosing = source.startsWith("/>", pos);
      if (!selfClosing && source[pos] !== ">") fail(`malformed start tag <${name}>`);
      pos += selfClosing ? 2 : 1;
      const element: XmlElement = { name, attributes, children: [], text: "", line: lineAt(start) };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail(`second root element <${name}>`, start);
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1];
    throw new XmlSyntaxError(`<${open.name}> is never closed`, open.line);
  }
  if (!root) fail("no root element");
  return root!;
}

/** First direct child with this tag name. */
export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
