export { designationCounts, type DesignationCounts } from './counts';
export { prefectureFilter, WHOLE_REGION } from './region';
export { page, type Page } from './listing';
export { applicationListing } from './applications';
