import { api } from "@/lib/store";

export const dynamic = "force-dynamic";

/** A run's public result as a JSON file (the same view the API serves: no per-sample data, no evaluator state). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const result = await (await api()).runs.get({ id });
    return new Response(JSON.stringify({ format: "podium-run/1", ...result }, null, 2) + "\n", {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="run-${id.replace(/[^A-Za-z0-9_-]/g, "")}.json"`,
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const status = code === "NOT_FOUND" ? 404 : code === "BAD_REQUEST" ? 400 : 500;
    if (status === 500) throw error;
    return new Response(JSON.stringify({ error: (error as Error).message }) + "\n", { status, headers: { "content-type": "application/json; charset=utf-8" } });
  }
}
