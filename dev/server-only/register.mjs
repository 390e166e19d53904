/**
 * `tsx --import ./dev/server-only/register.mjs <script>`: lets a terminal script import app modules
 * marked `import "server-only"`. That package throws outside React Server Components (Next.js
 * resolves it to an empty module for server code; a browser bundle fails to build), and a script
 * is server code too, so here it resolves to an empty module as well.
 */
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
