# Writes N visitors for the pricing example (fixtures/simulate) to standard output, for the
# whole-process measurement of `simulate --visitors` in docs/performance.md: the same shape as
# benches/support/mod.rs::visitors_file. Usage: python3 benches/visitors.py 100000 > v.yaml
import sys
n = int(sys.argv[1])
states = ["CA", "NY", "OR", "TX", "WA"]
out = ["visitors:\n"]
for i in range(n):
    st = states[i % 5]
    size = i
    out.append(f"  - id: v{i}\n    attributes: {{inferred_state: {st}, company_size: {size}}}\n")
    if i % 7 == 6:
        out.append("    answers: [\"Just browsing\"]\n    expect: {outcome: end}\n")
        continue
    out.append("    answers: [\"Yes, connect me\"]\n")
    if i % 5 == 0:
        out.append(f"    fills: {{first_name: Ana, email: v{i}@x.io}}\n")
    exp = "agent: john" if st in ("CA", "OR", "WA") else ("team: enterprise" if size >= 1000 else "outcome: fallback")
    out.append(f"    expect: {{{exp}}}\n")
sys.stdout.write("".join(out))
