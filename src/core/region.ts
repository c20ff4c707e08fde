/** An AWS region name (eu-west-1, us-gov-west-1, cn-north-1): the one pattern for settings and OutputUrls. */
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
