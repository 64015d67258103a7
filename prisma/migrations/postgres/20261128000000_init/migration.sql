-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "dailyQuota" INTEGER NOT NULL DEFAULT 50,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuotaUsage" (
    "tokenId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "QuotaUsage_pkey" PRIMARY KEY ("tokenId","day")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL,
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
    "macs" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "split" TEXT,
    "checksum" TEXT NOT NULL,
    "groundTruth" TEXT NOT NULL DEFAULT 'public',
    "classNames" JSONB NOT NULL,
    "labels" JSONB,
    "sampleCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "submitterId" TEXT,
    "tokenId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "config" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "metrics" JSONB,
    "top1" DOUBLE PRECISION,
    "top5" DOUBLE PRECISION,
    "miou" DOUBLE PRECISION,
    "ap" DOUBLE PRECISION,
    "ap50" DOUBLE PRECISION,
    "map" DOUBLE PRECISION,
    "latencyP50Ms" DOUBLE PRECISION,
    "latencyP90Ms" DOUBLE PRECISION,
    "throughput" DOUBLE PRECISION,
    "peakMemory" BIGINT,
    "paramCount" BIGINT,
    "macs" DOUBLE PRECISION,
    "hardware" TEXT,
    "engine" TEXT,
    "fingerprint" JSONB,
    "error" TEXT,
    "perClass" JSONB,
    "sampleCorrect" JSONB,
    "evaluatorState" JSONB,
    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunAttempt" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "workerId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "error" TEXT,
    CONSTRAINT "RunAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HistoricalResult" (
    "id" TEXT NOT NULL,
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
    "value" DOUBLE PRECISION,
    "top1" DOUBLE PRECISION,
    "top5" DOUBLE PRECISION,
    "top5Error" DOUBLE PRECISION,
    "paramsM" DOUBLE PRECISION,
    "gmacs" DOUBLE PRECISION,
    "resolution" TEXT,
    "split" TEXT,
    "externalData" BOOLEAN,
    "evaluation" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "notes" TEXT,
    "unverified" BOOLEAN NOT NULL DEFAULT false,
    "unverifiedFields" JSONB,
    "raw" JSONB NOT NULL,
    CONSTRAINT "HistoricalResult_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuotaUsage" ADD CONSTRAINT "QuotaUsage_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_submitterId_fkey" FOREIGN KEY ("submitterId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunAttempt" ADD CONSTRAINT "RunAttempt_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
