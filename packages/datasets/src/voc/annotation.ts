import { DatasetError } from "../core/errors.js";
import { childElement, parseXml, XmlSyntaxError, type XmlElement } from "./xml.js";

/** [xmin, ymin, xmax, ymax], VOC's 1-based inclusive pixel coordinates. */
export type VocBoundingBox = readonly [number, number, number, number];

export interface VocObject {
  readonly name: string;
  readonly bbox: VocBoundingBox;
  readonly difficult: boolean;
  readonly truncated: boolean;
}

export interface VocAnnotation {
  /** <filename>, e.g. "2008_000000.jpg" (undefined when absent). */
  readonly filename: string | undefined;
  readonly size: { readonly width: number; readonly height: number; readonly depth: number } | undefined;
  readonly objects: readonly VocObject[];
}

/**
 * Parses one PASCAL VOC annotation XML. Only each <object>'s own <name>, <bndbox>, <difficult> and
 * <truncated> are read (the <part> boxes of person-layout objects are not objects). A missing
 * <difficult> or <truncated> means 0, as in the VOC2012 files that omit them.
 */
export function parseVocAnnotation(xmlText: string, fileName: string): VocAnnotation {
  let root: XmlElement;
  try {
    root = parseXml(xmlText);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new DatasetError(fileName, `malformed XML: ${error.message}`);
    throw error;
  }
  if (root.name !== "annotation") throw new DatasetError(fileName, `root element is <${root.name}>, expected <annotation>`);
  const sizeElement = childElement(root, "size");
  const size = sizeElement
    ? {
        width: readNumber(sizeElement, "width", fileName),
        height: readNumber(sizeElement, "height", fileName),
        depth: childElement(sizeElement, "depth") ? readNumber(sizeElement, "depth", fileName) : 3,
      }
    : undefined;
  const objects = root.children
    .filter((child) => child.name === "object")
    .map((object): VocObject => {
      const name = childElement(object, "name")?.text.trim();
      if (!name) throw new DatasetError(fileName, `<object> at line ${object.line} has no <name>`);
      const box = childElement(object, "bndbox");
      if (!box) throw new DatasetError(fileName, `<object> "${name}" at line ${object.line} has no <bndbox>`);
      const bbox: VocBoundingBox = [
        readNumber(box, "xmin", fileName),
        readNumber(box, "ymin", fileName),
        readNumber(box, "xmax", fileName),
        readNumber(box, "ymax", fileName),
      ];
      return { name, bbox, difficult: readFlag(object, "difficult", fileName), truncated: readFlag(object, "truncated", fileName) };
    });
  const filename = childElement(root, "filename")?.text.trim();
  return { filename: filename || undefined, size, objects };
}

function readNumber(parent: XmlElement, tag: string, fileName: string): number {
  const element = childElement(parent, tag);
  if (!element) throw new DatasetError(fileName, `<${parent.name}> at line ${parent.line} has no <${tag}>`);
  const text = element.text.trim();
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) throw new DatasetError(fileName, `<${tag}> at line ${element.line} is "${text}", not a number`);
  return value;
}

function readFlag(parent: XmlElement, tag: string, fileName: string): boolean {
  const element = childElement(parent, tag);
  if (!element) return false;
  const text = element.text.trim();
  if (text !== "0" && text !== "1") throw new DatasetError(fileName, `<${tag}> at line ${element.line} is "${text}", expected 0 or 1`);
  return text === "1";
}
