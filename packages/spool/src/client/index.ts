export {
  SpoolClient,
  StepNotValidError,
  type EditionDetail,
  type Move,
  type PieceDetail,
  type PieceSummary,
  type StepResult,
} from './spool-client.js';
