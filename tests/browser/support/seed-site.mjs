import { createStore, migrate } from "@podium/db";
const CPU = "cpu-x86 (2 cores)";
const GPU = "nvidia-h100";
/**
 * The boards the browser tests look at. ImageNet-style figures with 95% intervals chosen so that
 * MobileNet-v2/VGG-16 and GoogLeNet/ResNet-18 overlap (two tie groups) and the rest stand apart.
 */
export const SEED_RESULTS = [
    { name: "resnet50", architecture: "ResNet-50", family: "resnet", year: 2015, dataset: "imagenet-mini-val", top1: [76.13, 75.76, 76.5], top5: [92.862, 92.63, 93.09], paramCount: 25_557_032, macs: 4.09e9, latencyP50Ms: 12.3, latencyP90Ms: 14.1, throughput: 81, peakMemoryBytes: 310e6, hardware: CPU, engine: "onnxruntime" },
    { name: "resnet18", architecture: "ResNet-18", family: "resnet", year: 2015, dataset: "imagenet-mini-val", top1: [69.758, 69.35, 70.16], top5: [89.078, 88.8, 89.35], paramCount: 11_689_512, macs: 1.81e9, latencyP50Ms: 5.1, latencyP90Ms: 6.0, throughput: 195, peakMemoryBytes: 150e6, hardware: CPU, engine: "onnxruntime" },
    { name: "vgg16", architecture: "VGG-16", family: "vgg", year: 2014, dataset: "imagenet-mini-val", top1: [71.592, 71.2, 71.99], top5: [90.382, 90.1, 90.64], paramCount: 138_357_544, macs: 15.47e9, latencyP50Ms: 40.2, latencyP90Ms: 45.5, throughput: 24, peakMemoryBytes: 700e6, hardware: CPU, engine: "tfjs" },
    { name: "googlenet", architecture: "GoogLeNet", family: "googlenet", year: 2014, dataset: "imagenet-mini-val", top1: [69.778, 69.37, 70.18], top5: [89.53, 89.26, 89.8], paramCount: 6_624_904, macs: 1.5e9, latencyP50Ms: 7.0, latencyP90Ms: 8.2, throughput: 140, peakMemoryBytes: 120e6, hardware: GPU, engine: "onnxruntime" },
    { name: "alexnet", architecture: "AlexNet", family: "alexnet", year: 2012, dataset: "imagenet-mini-val", top1: [56.522, 56.09, 56.96], top5: [79.066, 78.71, 79.42], paramCount: 61_100_840, macs: 0.714e9, latencyP50Ms: 2.9, latencyP90Ms: 3.3, throughput: 330, peakMemoryBytes: 250e6, hardware: CPU, engine: "onnxruntime" },
    { name: "mobilenet_v2", architecture: "MobileNet-v2", family: "mobilenet", year: 2018, dataset: "imagenet-mini-val", top1: [71.878, 71.48, 72.27], top5: [90.286, 90.0, 90.57], paramCount: 3_504_872, macs: 0.3e9, latencyP50Ms: 3.5, latencyP90Ms: 4.0, throughput: 280, peakMemoryBytes: 90e6, hardware: GPU, engine: "tfjs" },
    { name: "mini-lenet", architecture: "LeNet-5", family: "lenet", year: 1998, dataset: "fashion-mnist-mini", top1: [89.1, 88.49, 89.71], top5: [99.7, 99.59, 99.81], paramCount: 61_706, macs: 416_520, latencyP50Ms: 0.2, latencyP90Ms: 0.3, throughput: 9000, peakMemoryBytes: 60e6, hardware: CPU, engine: "onnxruntime" },
    { name: "mini-alexnet", architecture: "AlexNet (miniature)", family: "alexnet", year: 2012, dataset: "fashion-mnist-mini", top1: [91.2, 90.64, 91.76], top5: [99.8, 99.71, 99.89], paramCount: 1_200_000, macs: 9_000_000, latencyP50Ms: 0.9, latencyP90Ms: 1.1, throughput: 4000, peakMemoryBytes: 80e6, hardware: CPU, engine: "onnxruntime" },
];
export const CLASS_NAMES = ["tench", "goldfish", "great white shark", "tiger shark", "hammerhead"];
const FASHION = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
/** Migrates a fresh database and fills it: the history seed, two datasets, finished, failed and queued runs. */
export async function seedSite(url) {
    await migrate(url);
    const store = createStore(url);
    try {
        await store.history.seed();
        const datasets = new Map();
        for (const [name, classes, count] of [["imagenet-mini-val", CLASS_NAMES, 500], ["fashion-mnist-mini", FASHION, 10_000]]) {
            const d = await store.datasets.create({ name, task: "classification", split: "val", checksum: "ab".repeat(32), groundTruth: "public", classNames: [...classes], sampleCount: count });
            datasets.set(name, d.id);
        }
        const runs = new Map();
        const models = new Map();
        let i = 0;
        for (const r of SEED_RESULTS) {
            i++;
            const model = await store.models.create({
                name: r.name,
                task: "classification",
                format: "onnx",
                manifest: { task: "classification" },
                fileSha256: i.toString(16).padStart(64, "0"),
                sizeBytes: r.paramCount * 4,
                architecture: r.architecture,
                family: r.family,
                year: r.year,
                paramCount: r.paramCount,
            });
            models.set(r.name, model.id);
            const queued = await store.queue.enqueue({ modelId: model.id, datasetId: datasets.get(r.dataset), config: { performance: { latency: { batches: 50, warmupBatches: 5, batchSize: 1, meanMs: r.latencyP50Ms * 1.04, p50Ms: r.latencyP50Ms, p90Ms: r.latencyP90Ms, p99Ms: r.latencyP90Ms * 1.2 } } } });
            const claimed = await store.queue.claim("seed-worker");
            if (claimed?.id !== queued.id)
                throw new Error(`seed: claimed ${claimed?.id}, expected ${queued.id}`);
            const classes = r.dataset === "imagenet-mini-val" ? CLASS_NAMES : FASHION;
            await store.queue.complete(queued.id, "seed-worker", {
                metrics: { top1: { value: r.top1[0], ci95: [r.top1[1], r.top1[2]] }, top5: { value: r.top5[0], ci95: [r.top5[1], r.top5[2]] } },
                latencyP50Ms: r.latencyP50Ms,
                latencyP90Ms: r.latencyP90Ms,
                throughput: r.throughput,
                peakMemoryBytes: r.peakMemoryBytes,
                paramCount: r.paramCount,
                macs: r.macs,
                hardware: r.hardware,
                engine: r.engine,
                fingerprint: { modelSha256: model.fileSha256, engine: r.engine, engineVersion: "1.30.0", node: "v20.19.0", cpu: "test cpu" },
                perClass: Object.fromEntries(classes.map((c, k) => [c, { accuracy: Math.round((r.top1[0] + k - classes.length / 2) * 100) / 100, support: 100 }])),
            });
            runs.set(r.name, queued.id);
        }
        // A failed and a queued run: neither may show on a board.
        const resnet = models.get("resnet50");
        const failed = await store.queue.enqueue({ modelId: resnet, datasetId: datasets.get("imagenet-mini-val"), maxAttempts: 1 });
        await store.queue.claim("seed-worker");
        await store.queue.fail(failed.id, "seed-worker", "onnxruntime: input shape mismatch");
        const queued = await store.queue.enqueue({ modelId: resnet, datasetId: datasets.get("imagenet-mini-val") });
        const user = await store.users.create("browser-test");
        const token = await store.tokens.create(user.id, "browser test", 20);
        return { runs, models, failedRunId: failed.id, queuedRunId: queued.id, token: token.token };
    }
    finally {
        await store.close();
    }
}
