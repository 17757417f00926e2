// What the metadata benchmark loads in-process.
export { readPackageFiles } from '../../src/rpm/query.js';
