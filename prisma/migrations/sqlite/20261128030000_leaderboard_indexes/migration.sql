-- CreateIndex
CREATE INDEX "Run_datasetId_status_top1_idx" ON "Run"("datasetId", "status", "top1");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_top5_idx" ON "Run"("datasetId", "status", "top5");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_miou_idx" ON "Run"("datasetId", "status", "miou");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_ap_idx" ON "Run"("datasetId", "status", "ap");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_ap50_idx" ON "Run"("datasetId", "status", "ap50");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_map_idx" ON "Run"("datasetId", "status", "map");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_latencyP50Ms_idx" ON "Run"("datasetId", "status", "latencyP50Ms");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_latencyP90Ms_idx" ON "Run"("datasetId", "status", "latencyP90Ms");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_throughput_idx" ON "Run"("datasetId", "status", "throughput");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_peakMemory_idx" ON "Run"("datasetId", "status", "peakMemory");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_paramCount_idx" ON "Run"("datasetId", "status", "paramCount");

-- CreateIndex
CREATE INDEX "Run_datasetId_status_macs_idx" ON "Run"("datasetId", "status", "macs");

-- CreateIndex
CREATE INDEX "Model_year_idx" ON "Model"("year");
