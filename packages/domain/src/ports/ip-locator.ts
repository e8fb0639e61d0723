/** An approximate position for an IP address (an offline database), or null. */
export interface IpLocator {
  locate(ip: string): Promise<{ latitude: number; longitude: number; city: string | null } | null>;
}
