export { DatasetError } from "./core/errors.js";
export type { Dataset, Sample, Target, Task, ImageSource, LabelledBox, CocoAnnotation } from "./core/types.js";
export { datasetChecksum, sha256File, type ChecksumOptions } from "./core/checksum.js";
export { openIdxDataset, openFashionMnist, bundledFashionMnistDir, type IdxDatasetOptions } from "./idx/idx-dataset.js";
export { FASHION_MNIST_CLASSES, MNIST_CLASSES } from "./idx/class-names.js";
export * from "./png/index.js";
