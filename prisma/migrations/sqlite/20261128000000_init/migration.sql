-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "dailyQuota" INTEGER NOT NULL DEFAULT 50,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuotaUsage" (
    "tokenId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("tokenId", "day"),
    CONSTRAINT "QuotaUsage_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "ownerId" TEXT,
    "task" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "architecture" TEXT,
    "family" TEXT,
    "year" INTEGER,
    "manifest" JSONB NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "paramCount" BIGINT,
    "macs" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Model_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "split" TEXT,
    "checksum" TEXT NOT NULL,
    "groundTruth" TEXT NOT NULL DEFAULT 'public',
    "classNames" JSONB NOT NULL,
    "labels" JSONB,
    "sampleCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "submitterId" TEXT,
    "tokenId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "progress" REAL NOT NULL DEFAULT 0,
    "config" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "heartbeatAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "metrics" JSONB,
    "top1" REAL,
    "top5" REAL,
    "miou" REAL,
    "ap" REAL,
    "ap50" REAL,
    "map" REAL,
    "latencyP50Ms" REAL,
    "latencyP90Ms" REAL,
    "throughput" REAL,
    "peakMemory" BIGINT,
    "paramCount" BIGINT,
    "macs" REAL,
    "hardware" TEXT,
    "engine" TEXT,
    "fingerprint" JSONB,
    "error" TEXT,
    "perClass" JSONB,
    "sampleCorrect" JSONB,
    "evaluatorState" JSONB,
    CONSTRAINT "Run_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Run_submitterId_fkey" FOREIGN KEY ("submitterId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Run_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "workerId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "outcome" TEXT,
    "error" TEXT,
    CONSTRAINT "RunAttempt_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HistoricalResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sourceKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "team" TEXT,
    "architecture" TEXT,
    "year" INTEGER,
    "place" INTEGER,
    "task" TEXT NOT NULL,
    "dataset" TEXT,
    "metric" TEXT NOT NULL,
    "value" REAL,
    "top1" REAL,
    "top5" REAL,
    "top5Error" REAL,
    "paramsM" REAL,
    "gmacs" REAL,
    "resolution" TEXT,
    "split" TEXT,
    "externalData" BOOLEAN,
    "evaluation" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "notes" TEXT,
    "unverified" BOOLEAN NOT NULL DEFAULT false,
    "unverifiedFields" JSONB,
    "raw" JSONB NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_name_key" ON "User"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Model_name_fileSha256_key" ON "Model"("name", "fileSha256");

-- CreateIndex
CREATE INDEX "Model_task_idx" ON "Model"("task");

-- CreateIndex
CREATE INDEX "Model_family_idx" ON "Model"("family");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_name_key" ON "Dataset"("name");

-- CreateIndex
CREATE INDEX "Dataset_task_idx" ON "Dataset"("task");

-- CreateIndex
CREATE INDEX "Run_status_priority_createdAt_idx" ON "Run"("status", "priority", "createdAt");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_idx" ON "Run"("datasetId", "status");

-- CreateIndex
CREATE INDEX "Run_modelId_idx" ON "Run"("modelId");

-- CreateIndex
CREATE UNIQUE INDEX "RunAttempt_runId_attempt_key" ON "RunAttempt"("runId", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "HistoricalResult_sourceKey_key" ON "HistoricalResult"("sourceKey");

-- CreateIndex
CREATE INDEX "HistoricalResult_kind_year_idx" ON "HistoricalResult"("kind", "year");
