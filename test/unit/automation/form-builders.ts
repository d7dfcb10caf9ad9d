// Builders for field descriptors and groups in scoring tests: a visible, empty text input
// in the top frame unless the test says otherwise.
import type { ButtonDescriptor, FieldDescriptor, FieldGroup, FieldLabels } from '../../../automation/forms/field-descriptor';

let nextOrder = 0;

export type FieldSpec = Partial<Omit<FieldDescriptor, 'labels'>> & { labels?: Partial<FieldLabels>; label?: string };

export function field(spec: FieldSpec = {}): FieldDescriptor {
  const { label, labels, ...rest } = spec;
  const order = rest.order ?? nextOrder++;
  return {
    handle: `f${order}`,
    tag: 'input',
    type: 'text',
    autocomplete: [],
    name: '',
    id: '',
    maxLength: null,
    inputMode: '',
    pattern: '',
    visible: true,
    disabled: false,
    readOnly: false,
    hasValue: false,
    box: { x: 0, y: order * 40, width: 240, height: 32 },
    framePath: [],
    shadowPath: [],
    groupId: 'g',
    ...rest,
    order,
    labels: {
      forLabel: label ?? '',
      wrappingLabel: '',
      ariaLabel: '',
      ariaLabelledBy: '',
      placeholder: '',
      nearbyText: '',
      ...labels,
    },
  };
}

export function button(text: string, spec: Partial<ButtonDescriptor> = {}): ButtonDescriptor {
  const order = spec.order ?? nextOrder++;
  return {
    handle: `b${order}`,
    text,
    type: 'submit',
    visible: true,
    disabled: false,
    box: { x: 0, y: order * 40, width: 120, height: 32 },
    ...spec,
    order,
  };
}

export function group(fields: FieldDescriptor[], spec: Partial<Omit<FieldGroup, 'fields'>> = {}): FieldGroup {
  return {
    id: spec.id ?? `form-${nextOrder++}`,
    kind: 'form',
    attributeText: '',
    headingText: '',
    framePath: [],
    buttons: [],
    ...spec,
    fields,
  };
}

/** Six one-character boxes, as segmented code inputs are built. */
export function segmentBoxes(count = 6, spec: FieldSpec = {}): FieldDescriptor[] {
  return Array.from({ length: count }, () =>
    field({ maxLength: 1, inputMode: 'numeric', box: { x: 0, y: 0, width: 40, height: 48 }, ...spec }),
  );
}
