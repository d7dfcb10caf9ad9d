// Placeholder entry so the build has its CLI target; replaced by the real CLI.
export {};
