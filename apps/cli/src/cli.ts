export async function run(argv: string[]): Promise<number> {
  process.stdout.write(`podium ${argv.join(" ")}\n`);
  return 0;
}
