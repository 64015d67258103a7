import { notFound, redirect } from "next/navigation";
import { api } from "@/lib/store";

export const dynamic = "force-dynamic";

/** A run's permalink: the run is shown on its model's page. */
export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let modelId: string;
  try {
    modelId = (await (await api()).runs.get({ id })).model.id;
  } catch (error) {
    if ((error as { code?: string }).code === "NOT_FOUND") notFound();
    throw error;
  }
  redirect(`/models/${modelId}?run=${encodeURIComponent(id)}#run`);
}
