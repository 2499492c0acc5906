export declare const caCertPath: string;
export declare const serverCertPath: string;
export declare const serverKeyPath: string;
export declare const caCert: string;
export declare const serverCert: string;
export declare const serverKey: string;
