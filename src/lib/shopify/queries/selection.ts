/**
 * A fragment's fields as a plain selection, its own spreads inlined: bulk queries are sent as one
 * string argument (bulkOperationRunQuery), so they carry the fields themselves rather than
 * fragment definitions.
 */
import { Kind, parse, print, visit, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";

export function selectionOf(fragmentDocument: string): string {
  const definitions = parse(fragmentDocument).definitions.filter(
    (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
  );
  const byName = new Map(definitions.map((definition) => [definition.name.value, definition]));
  const inline = (set: SelectionSetNode): SelectionSetNode =>
    visit(set, {
      SelectionSet: {
        leave: (node) => ({
          ...node,
          selections: node.selections.flatMap((selection) => {
            if (selection.kind !== Kind.FRAGMENT_SPREAD) return [selection];
            const fragment = byName.get(selection.name.value);
            if (!fragment) throw new Error(`fragment ${selection.name.value} is not defined in the document`);
            return inline(fragment.selectionSet).selections;
          }),
        }),
      },
    });
  const [first] = definitions;
  if (!first) throw new Error("the document defines no fragment");
  return print(inline(first.selectionSet)).slice(1, -1).replace(/\s+/g, " ").trim();
}
