// json-rules-engine import: rules JSON → Accrue program source (see docs/import-jre.md).
export { importJre, factsToTransaction, parseJsonPath, decimalText, accrueString, IMPORT_CODES } from './jre.ts';
export type { ImportResult, ImportOptions, ImportDiagnostic, ImportCode, ImportSeverity, ImportedRule, FieldMapping } from './jre.ts';
export { parseJsonWithPositions } from './json.ts';
export type { Json, JsonParseResult, PositionedJson } from './json.ts';
export { safeIdentifier, isAccrueIdentifier, NameScope, ACCRUE_RESERVED } from './names.ts';
