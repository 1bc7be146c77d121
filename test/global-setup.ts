// Runs once before the suite. Later steps fetch assets and build artifacts here.
export default async function setup(): Promise<void> {}
