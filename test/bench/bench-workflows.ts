// The baseline of the start-rate benchmark: a workflow that does nothing.
export async function emptyWorkflow(): Promise<void> {
  return;
}
