const REFERENCING = ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-owns', 'aria-errormessage'];

/** Each id that an ARIA attribute under `root` names and no element of the document has, as "attribute → id". */
export function danglingAriaReferences(root: Element): string[] {
  const selector = REFERENCING.map((attribute) => `[${attribute}]`).join(', ');
  const elements = [...(root.matches(selector) ? [root] : []), ...root.querySelectorAll(selector)];
  return elements.flatMap((element) =>
    REFERENCING.flatMap((attribute) =>
      (element.getAttribute(attribute) ?? '')
        .split(/\s+/)
        .filter((id) => id && !root.ownerDocument.getElementById(id))
        .map((id) => `${attribute} → ${id}`),
    ),
  );
}
