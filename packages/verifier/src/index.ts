export { verify, type VerifyOptions, type StatusListSource } from './verify.ts';
export {
  verdictOf,
  labelOf,
  type Check,
  type CheckName,
  type CheckStatus,
  type Verdict,
  type VerdictLabel,
  type VerificationReport,
  type CredentialSummary,
} from './report.ts';
export { summarize } from './summary.ts';
export { formatReport } from './format-report.ts';
export { loadTrustFile, trustFromEnvironment, emptyTrustList, TrustFileError, type TrustList } from './trust.ts';
export { httpStatusLists, type HttpStatusListOptions } from './http/status-lists.ts';
export { fetchJson, FetchRefusedError, type FetchPolicy } from './http/fetch-json.ts';
export { verifierRoutes, type VerifierRoutesOptions, type ResultPageInput } from './routes/verify-routes.tsx';
export { verifyOptionsFromEnvironment, flag } from './settings.ts';
export { createVerifierApp, startVerifierServer, type VerifierServerOptions } from './server.ts';
export { checkCredentialDataModel, checkEnvelope, describeIssues, isUrl, type DataModelIssue } from './data-model-checks.ts';
