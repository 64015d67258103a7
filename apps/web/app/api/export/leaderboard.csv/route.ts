import { handlers } from "@/lib/handlers";

export const dynamic = "force-dynamic";

const handle = async (request: Request) => (await handlers()).leaderboardCsv(request);
export { handle as GET, handle as HEAD };
