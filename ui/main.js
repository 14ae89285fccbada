// Loads the wasm UI. Kept in a file (not inline) so the CSP needs no script hashes.
import init from "./adiuva_ui.js";
init();
