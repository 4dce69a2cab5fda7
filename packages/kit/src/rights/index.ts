export {
  createReaderRights,
  type Erasure,
  type LinkCheck,
  READER_LINK_TTL_HOURS,
  type ReaderAction,
  type ReaderRights,
  type RightsAdapter,
  type RightsLinks,
} from "./rights.ts";
export {
  LINK_FAILURE,
  REQUEST_ACCEPTED,
  ReaderRequest,
  type RightsRouteDeps,
  type RightsTexts,
  readerRightsRoutes,
} from "./routes.ts";
