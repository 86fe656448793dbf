import { evaluateStack } from "./engine";
import { loadStackConfig } from "./config/load";
(async () => {
  for (const s of ["infra","apps"]) {
  const r = await evaluateStack(loadStackConfig(s, ".").config);
  console.log(s, r.resources.length, r.gate.suggested_gate, r.findings.length);
  for (const f of r.findings) console.log(" ", f.enforcement, f.risk, f.resource.split("::").pop(), f.message.slice(0, 200));
  }
})();
