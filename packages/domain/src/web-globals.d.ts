// The few web-standard globals the domain uses. They exist in Node, browsers
// and workers alike; declaring them here keeps the DOM and Node typings out.
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
}
