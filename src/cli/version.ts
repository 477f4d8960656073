export { toolVersion } from '../version.js';
