/** The bundle's entry: run main() with the process arguments and exit with its code. */
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
