// What the metadata benchmark loads in-process.
export { queryPackageFiles } from '../../src/rpm/query.js';
export { checkPackageInputs } from '../../src/rpm/inputs.js';
