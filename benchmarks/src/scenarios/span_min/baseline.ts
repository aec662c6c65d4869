// The floor (../floor/floor.ts), run again here so that it alternates with
// the two SDKs in the same rounds: span_min against the physical limit under
// the same conditions. Importing the module runs it.
import '../floor/floor.js';
