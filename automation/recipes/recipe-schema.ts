// What a recipe may say, as a zod schema: the sites it applies to (hosts, path patterns), the
// login as declarative steps (goto, fill <field-kind>, click, submit, expect, otp) with the
// conditions that mean success or failure, and where the parts of an authenticator-app
// enrolment are (enrollTotp: each part it names replaces that step's heuristics), and where the
// change-password form is (changePassword: the page, and CSS for its fields, used by rotation).
// Selectors name elements by ARIA role, label, text or CSS. Nothing in a recipe is ever evaluated as code: unknown keys are refused, so a
// "script" field is an error rather than ignored.

import { z } from 'zod';
import { LOGIN_OUTCOMES } from '../outcome/login-outcome';

const text = (max: number) => z.string().trim().min(1).max(max);

/** How a selector may also pin the frame: a CSS selector for the <iframe> that holds the element. */
const frame = text(300).optional();
const exact = z.boolean().optional();

export const SelectorSchema = z.union([
  z.strictObject({ role: z.string().regex(/^[a-z]+$/, 'an ARIA role in lower case, e.g. "button"'), name: text(200).optional(), exact, frame }),
  z.strictObject({ label: text(200), exact, frame }),
  z.strictObject({ text: text(200), exact, frame }),
  z.strictObject({ placeholder: text(200), exact, frame }),
  z.strictObject({ css: text(500), frame }),
]);
export type RecipeSelector = z.output<typeof SelectorSchema>;

export const FIELD_KINDS = ['username', 'password'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

const timeoutMs = z.number().int().min(100).max(600_000).optional();

export const ConditionSchema = z.union([
  /** The URL path matches a pattern ("*" matches any run of characters). */
  z.strictObject({ urlPath: text(500) }),
  z.strictObject({ visible: SelectorSchema }),
  z.strictObject({ hidden: SelectorSchema }),
  /** The page shows this text (case-insensitive). */
  z.strictObject({ pageText: text(300) }),
  /** A cookie of this name is set for the page. */
  z.strictObject({ cookie: text(200) }),
]);
export type RecipeCondition = z.output<typeof ConditionSchema>;

export const FailureSchema = z.strictObject({
  when: ConditionSchema,
  outcome: z.enum(LOGIN_OUTCOMES.filter((outcome) => outcome !== 'success') as [string, ...string[]]).default('wrong_credentials'),
});

export const StepSchema = z.union([
  /** A path on the login URL's origin, or an absolute https/http URL on one of the recipe's hosts. */
  z.strictObject({ goto: text(2048), timeoutMs }),
  z.strictObject({ fill: z.enum(FIELD_KINDS), target: SelectorSchema, timeoutMs }),
  z.strictObject({ click: SelectorSchema, timeoutMs }),
  /** Clicks the button, or presses Enter in the last field filled when no button is named. */
  z.strictObject({ submit: SelectorSchema.nullable(), timeoutMs }),
  /** Waits until the condition holds. */
  z.strictObject({ expect: ConditionSchema, timeoutMs }),
  /** Types a one-time code: one field, or one character per box of `boxes`. */
  z.strictObject({
    otp: z.union([z.strictObject({ field: SelectorSchema }), z.strictObject({ boxes: SelectorSchema })]),
    source: z.enum(['totp', 'email']).optional(),
    timeoutMs,
  }),
]);
export type RecipeStep = z.output<typeof StepSchema>;

export const LoginFlowSchema = z.strictObject({
  /** Run from the account's login URL, which the recipe matched. */
  steps: z.array(StepSchema).min(1).max(50),
  /** The login succeeded when any of these holds (after no failure matched). */
  success: z.array(ConditionSchema).min(1).max(20),
  /** Checked first, in order; the first that holds decides the outcome. */
  failure: z.array(FailureSchema).max(20).default([]),
});
export type RecipeLoginFlow = z.output<typeof LoginFlowSchema>;

const clicks = z.array(SelectorSchema).min(1).max(10);

export const EnrollTotpFlowSchema = z.strictObject({
  /** How to reach the two-factor settings from the logged-in page: open a path or URL, then click these in order. */
  settings: z
    .strictObject({ goto: text(2048).optional(), click: clicks.optional() })
    .refine((settings) => settings.goto !== undefined || settings.click !== undefined, 'give "goto", "click" or both')
    .optional(),
  /** What to click, in order, to choose the authenticator-app method and reach the secret. */
  chooseMethod: clicks.optional(),
  /** Where the secret shows: an element whose text holds the setup key or otpauth:// link, and/or the QR code image. */
  secret: z
    .strictObject({ text: SelectorSchema.optional(), qr: SelectorSchema.optional() })
    .refine((secret) => secret.text !== undefined || secret.qr !== undefined, 'give "text", "qr" or both')
    .optional(),
  /** The confirmation code field, and the button that submits it (else Enter in the field). */
  confirm: z.strictObject({ field: SelectorSchema, submit: SelectorSchema.optional() }).optional(),
  /** The element listing the backup codes, and what to click once they are saved. */
  backupCodes: z.strictObject({ list: SelectorSchema, acknowledge: SelectorSchema.optional() }).optional(),
});
export type RecipeEnrollTotpFlow = z.output<typeof EnrollTotpFlowSchema>;

/** Where the change-password form is and, optionally, its fields (CSS), for rotation. */
export const ChangePasswordFlowSchema = z.strictObject({
  /** The change page: a path on the login URL's origin, or an absolute http(s) URL. */
  url: text(2048).refine((value) => value.startsWith('/') || /^https?:\/\//.test(value), 'a path such as "/settings/password" or an http(s) URL'),
  currentPassword: text(500).optional(),
  newPassword: text(500).optional(),
  confirmPassword: text(500).optional(),
  submit: text(500).optional(),
});
export type RecipeChangePasswordFlow = z.output<typeof ChangePasswordFlowSchema>;

export const RECIPE_FLOWS = ['login', 'enrollTotp', 'changePassword'] as const;
export type RecipeFlowName = (typeof RECIPE_FLOWS)[number];

const hostPattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'a host name such as "portal.example.com" or "*.example.com"');

export const RecipeSchema = z.strictObject({
  /** Editors may point at a JSON schema; it has no effect. */
  $schema: z.string().optional(),
  name: text(200),
  /** The recipe format; this Tessera reads version 1. */
  version: z.literal(1),
  description: z.string().max(2000).optional(),
  match: z.strictObject({
    hosts: z.array(hostPattern).min(1).max(50),
    /** Path patterns of the login URL ("*" matches any run of characters); empty = any path. */
    paths: z.array(z.string().trim().startsWith('/').max(500)).max(50).default([]),
  }),
  /** At least one flow; a site whose login the heuristics handle may have a recipe for its enrolment or password change only. */
  flows: z
    .strictObject({ login: LoginFlowSchema.optional(), enrollTotp: EnrollTotpFlowSchema.optional(), changePassword: ChangePasswordFlowSchema.optional() })
    .refine((flows) => RECIPE_FLOWS.some((flow) => flows[flow] !== undefined), 'a recipe describes at least one flow: "login", "enrollTotp" or "changePassword"'),
});
export type Recipe = z.output<typeof RecipeSchema>;
