package io.dingtalketl.simulator;

/** A DingTalk error answer: HTTP 200 with {@code errcode} and {@code errmsg}. Thrown by the API handlers. */
final class ApiError extends RuntimeException {

    static final int INVALID_PARAMETER = 400002;
    static final int ILLEGAL_PARAMETER = 40035;

    final int errcode;
    final String errmsg;

    ApiError(int errcode, String errmsg) {
        super(errcode + " " + errmsg, null, false, false);
        this.errcode = errcode;
        this.errmsg = errmsg;
    }

    static ApiError invalidParameter(String name) {
        return new ApiError(INVALID_PARAMETER, "无效的参数:" + name);
    }

    static ApiError illegalParameter(String name) {
        return new ApiError(ILLEGAL_PARAMETER, "不合法的参数:" + name);
    }

    static ApiError departmentNotFound() {
        return new ApiError(60003, "部门不存在");
    }
}
