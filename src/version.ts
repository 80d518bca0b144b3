/** gradwire's version, as in package.json (a test checks they agree); written into summary.json and printed by `gradwire --version`. */
export const GRADWIRE_VERSION = '0.1.0';
