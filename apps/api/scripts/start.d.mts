/** Types of start.mjs for the tests that drive it. */
export interface BuiltWorkspace {
  sources: string[];
  output: string;
}
export const WORKSPACES: BuiltWorkspace[];
export function newestChange(path: string): number;
export function staleOutputs(root: string, workspaces?: BuiltWorkspace[]): string[];
