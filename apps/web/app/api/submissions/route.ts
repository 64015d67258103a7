import { handlers } from "@/lib/handlers";

export const dynamic = "force-dynamic";

/** Model submissions (multipart: model, manifest, dataset[, limit]); see @podium/api createUploadHandler. */
export const POST = async (request: Request) => (await handlers()).submissions(request);
