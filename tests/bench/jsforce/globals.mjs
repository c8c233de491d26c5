// Node globals jsforce's browser code reads (process.env, Buffer), injected as webpack's ProvidePlugin would.
import process from 'process';
import { Buffer } from 'buffer';

export { process, Buffer };
