// Model uploads: the fetch-style submission handler and the pieces the worker shares with it.
export { createUploadHandler, DEFAULT_MAX_UPLOAD_BYTES, type UploadOptions } from "./upload-handler.js";
export { DEFAULT_UPLOADS_DIR, storedModelPath, storeModelFiles } from "./model-files.js";
export { readZipDirectory, extractZip, ZipRejectedError, DEFAULT_ZIP_LIMITS, type ZipLimits, type ZipEntry } from "./zip-reader.js";
export { refundQuota, peekQuota, type QuotaReport } from "./quota.js";
export { UploadError } from "./upload-error.js";
