// The shape of what the page-field collector reports about one page: every visible field and
// button with the signals the scorer needs, grouped by <form> or, for formless pages, by the
// nearest container that holds the fields and their button. Plain data, serialisable across
// `frame.evaluate`; `handle` is the `data-tessera-handle` attribute set on the element.

export const HANDLE_ATTRIBUTE = 'data-tessera-handle';

export interface BoundingBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every text that may name a field, by where it came from (empty string when absent). */
export interface FieldLabels {
  /** <label for="id"> text. */
  forLabel: string;
  /** Text of a <label> wrapping the field, without the field's own value. */
  wrappingLabel: string;
  ariaLabel: string;
  ariaLabelledBy: string;
  placeholder: string;
  /** Short text just before the field (a caption in a <div>/<span>, a table cell). */
  nearbyText: string;
}

export interface FieldDescriptor {
  handle: string;
  tag: 'input' | 'textarea' | 'select';
  /** Lower-cased input type ('text' for textarea and select). */
  type: string;
  /** Lower-cased tokens of the autocomplete attribute, e.g. ['section-a', 'username']. */
  autocomplete: string[];
  name: string;
  id: string;
  labels: FieldLabels;
  /** null when the attribute is absent or invalid. */
  maxLength: number | null;
  inputMode: string;
  pattern: string;
  visible: boolean;
  disabled: boolean;
  readOnly: boolean;
  /** Whether the field currently holds a value (the value itself never leaves the page). */
  hasValue: boolean;
  box: BoundingBox;
  /** Indexes from the top frame down to the field's frame; [] for the top frame. */
  framePath: number[];
  /** One entry per open shadow root between the document and the field, e.g. 'login-card#main'. */
  shadowPath: string[];
  /** Group the field belongs to (see FieldGroup.id). */
  groupId: string;
  /** Position in document order within its frame, shadow roots included. */
  order: number;
}

export interface ButtonDescriptor {
  handle: string;
  /** Visible text, aria-label or value, whitespace collapsed. */
  text: string;
  /** 'submit' | 'button' | 'reset' for buttons and inputs; '' for role=button and links. */
  type: string;
  visible: boolean;
  disabled: boolean;
  box: BoundingBox;
  order: number;
}

export interface FieldGroup {
  /** The <form>'s handle, or 'formless:<handle of the container>'. */
  id: string;
  kind: 'form' | 'formless';
  /** id, name, class and action of the form or container, joined; hints like "loginForm". */
  attributeText: string;
  /** Nearest heading or legend before or inside the group. */
  headingText: string;
  framePath: number[];
  fields: FieldDescriptor[];
  buttons: ButtonDescriptor[];
}

/** What the collector returns for one frame. */
export interface FrameSnapshot {
  framePath: number[];
  url: string;
  groups: FieldGroup[];
}
