// The registry's contract with the planner (FunctionResolver) and the VM (VmScalar/VmAggregate):
// checked at type level and at run time.
import assert from "node:assert/strict";
import type { VmAggregate, VmFunction, VmScalar } from "../../src/vdbe/vm_types.ts";
import type { FunctionResolver } from "../../src/planner/expr.ts";
import { builtinFunctions } from "../../src/func/mod.ts";
import { Mem } from "../../src/vdbe/mem.ts";

Deno.test("registry: entries are the VM's VmScalar/VmAggregate and lookup fits FunctionResolver", () => {
  const reg = builtinFunctions();
  const resolver: FunctionResolver = {
    resolve: (name, nArg) => {
      const r = reg.lookup(name, nArg);
      if (r === null || r === "wrong-args") return r;
      const impl: VmFunction = r.impl;
      return { impl, aggregate: r.aggregate };
    },
  };
  const up = resolver.resolve("UPPER", 1);
  assert.ok(up && up !== "wrong-args" && !up.aggregate);
  const scalar = (up as { impl: VmScalar }).impl;
  const out = new Mem();
  const a = new Mem();
  a.setText("abc");
  scalar.call([a], 1, out, null, {
    changes: () => 0,
    totalChanges: () => 0,
    lastInsertRowid: () => 0,
  });
  assert.equal(out.s, "ABC");
  assert.equal(resolver.resolve("upper", 2), "wrong-args");
  assert.equal(resolver.resolve("nope", 1), null);
  const sum = resolver.resolve("sum", 1);
  assert.ok(sum && sum !== "wrong-args" && sum.aggregate);
  const agg = (sum as { impl: VmAggregate }).impl;
  const st = agg.create(null, {
    changes: () => 0,
    totalChanges: () => 0,
    lastInsertRowid: () => 0,
  });
  for (const v of [1, 2, 3]) {
    const m = new Mem();
    m.setInt(v);
    st.step([m], 1);
  }
  st.final(out);
  assert.equal(out.n, 6);
  // min/max: one argument is the aggregate, more are the scalar
  assert.equal(reg.find("min", 1)?.kind, "aggregate");
  assert.equal(reg.find("max", 3)?.kind, "scalar");
  assert.equal(reg.lookup("min", 0), "wrong-args");
});
