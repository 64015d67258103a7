// Core shapes, errors and checksums.
export { DatasetError } from "./core/errors.js";
export type { Dataset, Sample, Target, Task, ImageSource, LabelledBox, CocoAnnotation } from "./core/types.js";
export { datasetChecksum, sha256File, type ChecksumOptions } from "./core/checksum.js";
export { formatZodIssue } from "./core/zod-issues.js";

// Readers.
export { openImageFolder, openImageNetDevkitVal, openImageNetKaggleVal } from "./imagenet/readers.js";
export { readIdWnidMapping, readKaggleSynsetMapping, mappingFromPairs, type SynsetMapping } from "./imagenet/synset-mapping.js";
export { readDevkitMetaMat } from "./imagenet/meta-mat.js";
export { parseMat5, type MatValue } from "./imagenet/mat5.js";
export { readRealLabels } from "./imagenet/real-labels.js";
export { openCocoDataset, type CocoDataset, type CocoOptions } from "./coco/reader.js";
export { cocoInstancesSchema, type CocoInstances } from "./coco/schema.js";
export { openVocDetection, openVocSegmentation, type VocOptions } from "./pascal-voc/reader.js";
export { VOC_CLASSES, VOC_SEGMENTATION_CLASSES } from "./pascal-voc/classes.js";
export { openIdxDataset, openFashionMnist, bundledFashionMnistDir, type IdxDatasetOptions } from "./idx/idx-dataset.js";
export { FASHION_MNIST_CLASSES, MNIST_CLASSES } from "./idx/class-names.js";
export { openLabelMapFolder, type LabelMapFolderOptions } from "./label-maps/folder.js";
export { loadLabelMap } from "./label-maps/check.js";
export { openDatasetManifest } from "./manifest/reader.js";
export { datasetManifestSchema, type DatasetManifest } from "./manifest/schema.js";

// VOC XML / results parser and PNG decoder (their own folders).
export * from "./voc/index.js";
export * from "./png/index.js";

// Preprocessing.
export { preprocessingSchema, resolvePreprocessing, type PreprocessingConfig, type ResolvedPreprocessing } from "./preprocess/config.js";
export { createPreprocessKernel, type ImageTransform, type GeometryPlan, type DecodedImage, type PreprocessOutput } from "./preprocess/kernel.js";
export { PreprocessPool } from "./preprocess/worker-pool.js";
export { preprocessStream, preprocessImage, type PreprocessedRecord, type PreprocessStreamOptions } from "./preprocess/stream.js";
export { boxToOriginal, boxToInput } from "./preprocess/transform.js";

// Model manifest.
export { modelManifestSchema, labelSpaceSchema, type ModelManifest, type ModelManifestInput, type LabelSpace, type DetectionHead } from "./model-manifest/schema.js";
export { parseModelManifest, loadModelManifest, ModelManifestError, type LoadedModelManifest } from "./model-manifest/load.js";
