/** The 20 PASCAL VOC classes in the devkit's order (index = class id in detection, id − 1 in segmentation). */
export const VOC_CLASSES = [
  "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
  "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor",
] as const;

/** Segmentation label values: 0 = background, 1..20 = VOC_CLASSES, 255 = boundary/ignore. */
export const VOC_SEGMENTATION_CLASSES = ["background", ...VOC_CLASSES] as const;
