import { describe, it, expect } from "vitest";
import { parseVocAnnotation, parseVocDetections } from "../src/voc/index.js";
import { parseXml, XmlSyntaxError } from "../src/voc/xml.js";
import { DatasetError } from "../src/core/errors.js";

const annotation = `<?xml version="1.0" encoding="utf-8"?>
<!-- a comment -->
<annotation verified="no">
  <filename>2007_000027.jpg</filename>
  <source><database>The VOC2007 Database</database></source>
  <size><width>486</width><height>500</height><depth>3</depth></size>
  <object>
    <name>person</name>
    <pose>Unspecified</pose>
    <truncated>1</truncated>
    <difficult>0</difficult>
    <bndbox><xmin>174</xmin><ymin>101</ymin><xmax>349</xmax><ymax>351</ymax></bndbox>
    <part><name>head</name><bndbox><xmin>169</xmin><ymin>104</ymin><xmax>209</xmax><ymax>146</ymax></bndbox></part>
  </object>
  <object>
    <name> dining&amp;table </name>
    <bndbox><xmin>1.5</xmin><ymin>2</ymin><xmax>30</xmax><ymax>40</ymax></bndbox>
    <difficult>1</difficult>
  </object>
</annotation>
`;

describe("parseVocAnnotation", () => {
  it("reads objects with name, box, difficult and truncated; parts are not objects", () => {
    const a = parseVocAnnotation(annotation, "2007_000027.xml");
    expect(a.filename).toBe("2007_000027.jpg");
    expect(a.size).toEqual({ width: 486, height: 500, depth: 3 });
    expect(a.objects).toEqual([
      { name: "person", bbox: [174, 101, 349, 351], difficult: false, truncated: true },
      { name: "dining&table", bbox: [1.5, 2, 30, 40], difficult: true, truncated: false },
    ]);
  });

  it("names the file and line for malformed XML", () => {
    const broken = "<annotation>\n<object><name>cat</name>\n</annotation>";
    expect(() => parseVocAnnotation(broken, "bad.xml")).toThrow(DatasetError);
    expect(() => parseVocAnnotation(broken, "bad.xml")).toThrow("bad.xml: malformed XML: end tag </annotation> does not close <object> (line 2) at line 3");
    expect(() => parseVocAnnotation("<annotation><a>", "open.xml")).toThrow(/open\.xml: malformed XML: <a> is never closed/);
    expect(() => parseVocAnnotation("", "empty.xml")).toThrow(/empty\.xml: malformed XML: no root element/);
    expect(() => parseVocAnnotation("<annotation>&nbsp;</annotation>", "e.xml")).toThrow(/unknown entity/);
    expect(() => parseVocAnnotation("<annotation/><x/>", "two.xml")).toThrow(/second root/);
  });

  it("names the file for missing or non-numeric fields", () => {
    expect(() => parseVocAnnotation("<annotation><object><bndbox/></object></annotation>", "n.xml")).toThrow(/n\.xml: <object> at line 1 has no <name>/);
    expect(() => parseVocAnnotation("<annotation><object><name>cat</name></object></annotation>", "b.xml")).toThrow(/b\.xml: <object> "cat".*no <bndbox>/);
    const badBox = "<annotation><object><name>cat</name><bndbox><xmin>a</xmin><ymin>1</ymin><xmax>2</xmax><ymax>3</ymax></bndbox></object></annotation>";
    expect(() => parseVocAnnotation(badBox, "c.xml")).toThrow(`c.xml: <xmin> at line 1 is "a", not a number`);
    const badFlag = "<annotation><object><name>cat</name><difficult>yes</difficult><bndbox><xmin>0</xmin><ymin>1</ymin><xmax>2</xmax><ymax>3</ymax></bndbox></object></annotation>";
    expect(() => parseVocAnnotation(badFlag, "d.xml")).toThrow(/expected 0 or 1/);
    expect(() => parseVocAnnotation("<doc/>", "r.xml")).toThrow(/r\.xml: root element is <doc>/);
  });
});

describe("parseXml", () => {
  it("handles attributes, self-closing tags, CDATA, character references and DOCTYPE", () => {
    const root = parseXml(`<!DOCTYPE x><x a="1" b='two &lt;'><y/><z><![CDATA[<raw>]]>&#65;&#x42;</z></x>`);
    expect(root.attributes).toEqual({ a: "1", b: "two <" });
    expect(root.children.map((c) => c.name)).toEqual(["y", "z"]);
    expect(root.children[1].text).toBe("<raw>AB");
    expect(() => parseXml("<x>")).toThrow(XmlSyntaxError);
    expect(() => parseXml("<x></y>")).toThrow(/does not close/);
    expect(() => parseXml("<x><!-- open</x>")).toThrow(/unterminated comment/);
    expect(() => parseXml("hello <x/>")).toThrow(/text outside the root/);
  });
});

describe("parseVocDetections", () => {
  it("reads devkit result lines", () => {
    const text = "2008_000000 0.452822 201.2 -0.7 412.7 106.9\n\n2011_000003 0.195599 139.0 185.0 305.0 333.0\r\n";
    expect(parseVocDetections(text, "aeroplane", "comp4_det_val_aeroplane.txt")).toEqual([
      { imageId: "2008_000000", className: "aeroplane", score: 0.452822, bbox: [201.2, -0.7, 412.7, 106.9] },
      { imageId: "2011_000003", className: "aeroplane", score: 0.195599, bbox: [139, 185, 305, 333] },
    ]);
  });

  it("names the file and line of a bad line", () => {
    expect(() => parseVocDetections("a 0.5 1 2 3 4\nb 0.5 1 2 3\n", "cat", "r.txt")).toThrow('r.txt:2: expected "image_id score xmin ymin xmax ymax", got 5 fields');
    expect(() => parseVocDetections("a 0.5 1 2 3 4\n\nb NaN 1 2 3 4", "cat", "r.txt")).toThrow('r.txt:3: score "NaN" is not a finite number');
    expect(() => parseVocDetections("a 0.5 1 2 x 4", "cat", "r.txt")).toThrow(/r\.txt:1: xmax "x"/);
  });
});
